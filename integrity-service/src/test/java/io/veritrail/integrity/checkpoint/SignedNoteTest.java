package io.veritrail.integrity.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed notes against the reference vector of golang.org/x/mod/sumdb/note (its documentation and tests). */
class SignedNoteTest {
    static final String VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String SIGNER_KEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String NOTE = TEXT + "\n\u2014 PeterNeumann "
            + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void opensTheGoReferenceNote() {
        assertThat(SignedNote.open(NOTE, NoteKeys.Verifier.parse(VERIFIER_KEY))).isEqualTo(TEXT);
    }

    @Test
    void signsExactlyAsTheGoReferenceDoes() throws Exception {
        // PRIVATE+KEY+<name>+<id>+<base64 key>: the key itself may hold '+', so split off the first four parts only.
        byte[] typed = Base64.getDecoder().decode(SIGNER_KEY.split("\\+", 5)[4]);
        byte[] seed = Arrays.copyOfRange(typed, 1, 33);
        byte[] pkcs8 = new byte[48];
        System.arraycopy(HexFormat.of().parseHex("302e020100300506032b657004220420"), 0, pkcs8, 0, 16);
        System.arraycopy(seed, 0, pkcs8, 16, 32);
        PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        byte[] rawPublic = Arrays.copyOfRange(
                Base64.getDecoder().decode(VERIFIER_KEY.split("\\+", 3)[2]), 1, 33);

        assertThat(SignedNote.sign(TEXT, "PeterNeumann", rawPublic, key)).isEqualTo(NOTE);
        assertThat(NoteKeys.verifierKey("PeterNeumann", rawPublic)).isEqualTo(VERIFIER_KEY);
    }

    @Test
    void refusesTamperedNotesAndWrongKeys() {
        NoteKeys.Verifier peter = NoteKeys.Verifier.parse(VERIFIER_KEY);
        assertThatThrownBy(() -> SignedNote.open(NOTE.replace("answer", "ANSWER"), peter))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> NoteKeys.Verifier.parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("key id");
        assertThatThrownBy(() -> SignedNote.open(TEXT, peter)).hasMessageContaining("blank line");
    }

    @Test
    void serviceKeyIsKeptAndItsCheckpointsVerify(@TempDir Path dir) {
        NoteSigner first = NoteSigner.loadOrCreate(dir, "veritrail.test");
        NoteSigner again = NoteSigner.loadOrCreate(dir, "veritrail.test");
        assertThat(again.verifierKey()).isEqualTo(first.verifierKey());

        Checkpoint checkpoint = new Checkpoint("veritrail.test/events/3", 42, new byte[32]);
        String note = first.sign(checkpoint);
        assertThat(note).startsWith("veritrail.test/events/3\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 veritrail.test ");
        String text = SignedNote.open(note, NoteKeys.Verifier.parse(again.verifierKey()));
        assertThat(Checkpoint.parse(text)).satisfies(c -> {
            assertThat(c.origin()).isEqualTo("veritrail.test/events/3");
            assertThat(c.treeSize()).isEqualTo(42);
        });
        NoteSigner other = NoteSigner.loadOrCreate(dir.resolve("other"), "veritrail.test");
        assertThatThrownBy(() -> SignedNote.open(note, NoteKeys.Verifier.parse(other.verifierKey())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
