package io.veritrail.integrity.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CompactRangeTest {
    /**
     * The leaf inputs and tree roots of the RFC 6962 reference vectors used by certificate-transparency and
     * transparency-dev (merkle tree test data), for tree sizes 0 to 8.
     */
    static final List<String> LEAVES = List.of("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f");
    static final List<String> ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void matchesTheReferenceRootsForSizesZeroToEight() {
        CompactRange range = new CompactRange();
        assertThat(Rfc6962.hex(range.root())).isEqualTo(ROOTS.getFirst());
        for (int size = 1; size <= LEAVES.size(); size++) {
            range.append(Rfc6962.leafHash(HexFormat.of().parseHex(LEAVES.get(size - 1))));
            assertThat(Rfc6962.hex(range.root())).as("root of size %d", size).isEqualTo(ROOTS.get(size));
        }
    }

    @Test
    void naiveReferenceAgreesWithTheVectors() {
        List<byte[]> leaves = LEAVES.stream().map(HexFormat.of()::parseHex).toList();
        for (int size = 0; size <= leaves.size(); size++) {
            assertThat(Rfc6962.hex(NaiveMerkleTree.root(leaves.subList(0, size)))).isEqualTo(ROOTS.get(size));
        }
    }

    @Property(tries = 200)
    void incrementalRootEqualsNaiveRootAtEverySize(@ForAll @Size(max = 300) List<byte[]> leaves) {
        CompactRange range = new CompactRange();
        List<byte[]> seen = new ArrayList<>();
        for (byte[] leaf : leaves) {
            range.append(Rfc6962.leafHash(leaf));
            seen.add(leaf);
            assertThat(range.root()).isEqualTo(NaiveMerkleTree.root(seen));
            assertThat(range.subtreeRoots()).hasSize(Long.bitCount(range.size()));
        }
    }

    @Test
    void resumesFromPersistedSubtreeRoots() {
        CompactRange original = new CompactRange();
        for (int i = 0; i < 13; i++) {
            original.append(Rfc6962.leafHash(new byte[] {(byte) i}));
        }
        CompactRange resumed = new CompactRange(original.size(), original.subtreeRoots());
        original.append(Rfc6962.leafHash(new byte[] {99}));
        resumed.append(Rfc6962.leafHash(new byte[] {99}));
        assertThat(resumed.root()).isEqualTo(original.root());
        assertThatThrownBy(() -> new CompactRange(3, List.of(new byte[32])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
