package io.veritrail.ingest.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** The guid index's binary entries, its text fallback, and what it does with an index of the earlier format. */
class GuidIndexTest {
    @Property
    void anEntryReadsBackAsItWasWritten(@ForAll("writes") PriorWrite write) {
        assertThat(GuidIndex.decode(GuidIndex.encode(write))).isEqualTo(write);
    }

    @Provide
    Arbitrary<PriorWrite> writes() {
        Arbitrary<String> fingerprints = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(32).map(HexFormat.of()::formatHex),
                Arbitraries.bytes().array(byte[].class).ofSize(32).map(b -> HexFormat.of().withUpperCase().formatHex(b)),
                Arbitraries.just(""), Arbitraries.strings().ascii().ofMaxLength(80));
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.randomValue(random -> new UUID(random.nextLong(), random.nextLong()).toString()),
                Arbitraries.randomValue(random -> new UUID(random.nextLong(), random.nextLong()).toString().toUpperCase()),
                Arbitraries.just(""), Arbitraries.strings().ascii().ofMaxLength(40));
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.longs().greaterOrEqual(0),
                fingerprints, tokens).as(PriorWrite::new);
    }

    @Property
    void aCanonicalUuidIsReadAsTheJdkReadsItAndNoOtherSpellingIs(@ForAll long high, @ForAll long low,
                                                                  @ForAll("spellings") String spelling) {
        String canonical = new UUID(high, low).toString();
        assertThat(GuidIndex.uuidOrNull(canonical)).isEqualTo(new UUID(high, low));
        String other = switch (spelling) {
            case "upper" -> canonical.toUpperCase();
            case "no dashes" -> canonical.replace("-", "") + "xxxx";
            case "short" -> canonical.substring(1);
            default -> canonical.substring(0, 35) + "g";
        };
        if (!other.equals(canonical)) {
            assertThat(GuidIndex.uuidOrNull(other)).isNull();
        }
    }

    @Property
    void lowerCaseHexIsReadAsTheJdkReadsItAndNoOtherSpellingIs(@ForAll byte[] bytes, @ForAll("hexSpellings") String spelling) {
        String lower = HexFormat.of().formatHex(bytes);
        assertThat(GuidIndex.lowerHexOrNull(lower, bytes.length)).isEqualTo(bytes);
        String other = switch (spelling) {
            case "upper" -> lower.toUpperCase();
            case "odd" -> lower + "0";
            case "short" -> lower.isEmpty() ? "0" : lower.substring(2);
            default -> lower.isEmpty() ? "" : lower.substring(0, lower.length() - 1) + "g";
        };
        if (!other.equals(lower)) {
            assertThat(GuidIndex.lowerHexOrNull(other, bytes.length)).isNull();
        }
    }

    @Provide
    Arbitrary<String> hexSpellings() {
        return Arbitraries.of("upper", "odd", "short", "not hex");
    }

    @Provide
    Arbitrary<String> spellings() {
        return Arbitraries.of("upper", "no dashes", "short", "not hex");
    }

    @Test
    void guidsOfEveryFormAreFoundAndTwoSpellingsStayTwoGuids(@TempDir Path dir) {
        String lower = UUID.randomUUID().toString();
        String upper = lower.toUpperCase();
        try (GuidIndex index = new GuidIndex(dir)) {
            index.record(java.util.List.of(
                    new GuidIndex.Placed(GuidIndex.entry(lower, "a".repeat(64), UUID.randomUUID().toString()), 1, 10),
                    new GuidIndex.Placed(GuidIndex.entry("legacy-id-7", "", ""), 2, 20)), Map.of(1, 11L, 2, 21L));
            assertThat(index.find(lower)).get().extracting(PriorWrite::offset).isEqualTo(10L);
            assertThat(index.find("legacy-id-7")).contains(new PriorWrite(2, 20, "", ""));
            assertThat(index.find(upper)).isEmpty();
            assertThat(index.positions()).isEqualTo(Map.of(1, 11L, 2, 21L));
        }
        try (GuidIndex reopened = new GuidIndex(dir)) {
            assertThat(reopened.find(lower)).isPresent();
            assertThat(reopened.positions()).isEqualTo(Map.of(1, 11L, 2, 21L));
        }
    }

    /** The writer's path: entries made before the write, placed after the commit, found by entry and by guid. */
    @Test
    void entriesPreparedBeforeTheWriteAreFoundWhereTheyLanded(@TempDir Path dir) {
        String token = UUID.randomUUID().toString();
        String canonical = UUID.randomUUID().toString();
        PriorWrite binary = new PriorWrite(3, 42, "0f".repeat(32), token);
        PriorWrite text = new PriorWrite(4, 43, "not-hex", "not-a-uuid");
        GuidIndex.Entry first = GuidIndex.entry(canonical, binary.fingerprint(), binary.requestToken());
        GuidIndex.Entry second = GuidIndex.entry("legacy-id-8", text.fingerprint(), text.requestToken());
        try (GuidIndex index = new GuidIndex(dir)) {
            assertThat(index.find(first)).isEmpty();
            index.record(java.util.List.of(new GuidIndex.Placed(first, 3, 42), new GuidIndex.Placed(second, 4, 43)),
                    Map.of());
            assertThat(index.find(first)).contains(binary);
            assertThat(index.find(canonical)).contains(binary);
            assertThat(index.find("legacy-id-8")).contains(text);
            assertThat(index.find(canonical.toUpperCase())).isEmpty();
        }
    }

    /** An index written as text by an earlier version is removed at open: the follower reads the log again. */
    @Test
    void anIndexOfTheEarlierFormatIsRemovedSoThatTheLogRebuildsIt(@TempDir Path dir) throws Exception {
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB earlier = RocksDB.open(options, dir.toString())) {
            earlier.put(("g" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8),
                    ByteBuffer.allocate(14).putInt(0).putLong(5).putShort((short) 0).array());
            earlier.put(ByteBuffer.allocate(5).put((byte) 'p').putInt(0).array(),
                    ByteBuffer.allocate(8).putLong(6).array());
        }
        try (GuidIndex index = new GuidIndex(dir)) {
            assertThat(index.positions()).as("read from the beginning of the log again").isEmpty();
        }
    }
}
