package io.veritrail.ingest.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The guid index's entries of longs: what fits them reads back exactly, and only canonical spellings fit. */
class EntryLayoutTest {
    @Property
    void aWriteThatFitsReadsBackAsItWasWrittenAndOneThatDoesNotIsRefused(@ForAll long high, @ForAll long low,
                                                                         @ForAll("writes") PriorWrite write) {
        String guid = new UUID(high, low).toString();
        long[] entry = EntryLayout.entryOrNull(guid, write.fingerprint(), write.requestToken());
        boolean fits = write.fingerprint().isEmpty() && write.requestToken().isEmpty()
                || write.fingerprint().matches("[0-9a-f]{64}")
                && write.requestToken().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        if (!fits) {
            assertThat(entry).isNull();
            return;
        }
        assertThat(entry).isNotNull();
        EntryLayout.place(entry, 0, write.partition(), write.offset());
        assertThat(EntryLayout.priorWrite(entry)).isEqualTo(write);
        assertThat(new UUID(entry[0], entry[1]).toString()).isEqualTo(guid);
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
        assertThat(EntryLayout.uuidOrNull(canonical)).isEqualTo(new UUID(high, low));
        String other = switch (spelling) {
            case "upper" -> canonical.toUpperCase();
            case "no dashes" -> canonical.replace("-", "") + "xxxx";
            case "short" -> canonical.substring(1);
            default -> canonical.substring(0, 35) + "g";
        };
        if (!other.equals(canonical)) {
            assertThat(EntryLayout.uuidOrNull(other)).isNull();
        }
    }

    @Provide
    Arbitrary<String> spellings() {
        return Arbitraries.of("upper", "no dashes", "short", "not hex");
    }

    @Property
    void lowerCaseHexIsReadAsTheJdkReadsItAndNoOtherSpellingIs(@ForAll long a, @ForAll long b, @ForAll long c,
                                                               @ForAll long d, @ForAll("hexSpellings") String spelling) {
        String lower = HexFormat.of().toHexDigits(a) + HexFormat.of().toHexDigits(b) + HexFormat.of().toHexDigits(c)
                + HexFormat.of().toHexDigits(d);
        long[] read = new long[5];
        assertThat(EntryLayout.lowerHexInto(lower, read, 1)).isTrue();
        assertThat(read).containsExactly(0, a, b, c, d);
        String other = switch (spelling) {
            case "upper" -> lower.toUpperCase();
            case "long" -> lower + "0";
            case "short" -> lower.substring(2);
            default -> lower.substring(0, 63) + "g";
        };
        if (!other.equals(lower)) {
            assertThat(EntryLayout.lowerHexInto(other, read, 1)).isFalse();
        }
    }

    @Provide
    Arbitrary<String> hexSpellings() {
        return Arbitraries.of("upper", "long", "short", "not hex");
    }
}
