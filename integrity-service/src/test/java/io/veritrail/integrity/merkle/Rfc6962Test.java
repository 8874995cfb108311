package io.veritrail.integrity.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The leaf hash of a buffer is the leaf hash of the bytes it shows, whatever the buffer: the consumer hands over
 * views into its fetched arrays (an offset into a larger array, a position past the start), and the hashing must
 * neither read outside the view nor move it.
 */
class Rfc6962Test {
    @Property
    void aBufferViewHashesAsItsBytesAndStaysWhereItWas(@ForAll @Size(max = 300) byte[] around,
                                                       @ForAll @IntRange(max = 300) int from,
                                                       @ForAll @IntRange(max = 300) int length) {
        int start = Math.min(from, around.length);
        int end = Math.min(around.length, start + length);
        byte[] shown = java.util.Arrays.copyOfRange(around, start, end);
        byte[] expected = Rfc6962.leafHash(shown);

        ByteBuffer slice = ByteBuffer.wrap(around, start, end - start).slice();
        ByteBuffer positioned = ByteBuffer.wrap(around).position(start).limit(end);
        ByteBuffer direct = ByteBuffer.allocateDirect(around.length).put(around).position(start).limit(end);
        for (ByteBuffer view : new ByteBuffer[] {slice, positioned, direct}) {
            int position = view.position();
            assertThat(Rfc6962.leafHash(view)).isEqualTo(expected);
            assertThat(view.position()).isEqualTo(position);
            assertThat(view.limit() - view.position()).isEqualTo(shown.length);
        }
    }
}
