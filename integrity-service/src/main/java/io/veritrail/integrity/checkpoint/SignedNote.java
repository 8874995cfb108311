package io.veritrail.integrity.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/**
 * A signed note (C2SP signed-note): the text, a blank line, then one line per signature,
 * {@code — <name> <base64(key id || Ed25519 signature)>}, signing exactly the text's bytes.
 */
public final class SignedNote {
    private static final String DASH = "\u2014 ";

    private SignedNote() {
    }

    public static String sign(String text, String name, byte[] rawPublicKey, PrivateKey key) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end with a newline");
        }
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(key);
            ed.update(text.getBytes(StandardCharsets.UTF_8));
            byte[] signature = ed.sign();
            byte[] line = ByteBuffer.allocate(4 + signature.length).put(NoteKeys.keyId(name, rawPublicKey))
                    .put(signature).array();
            return text + "\n" + DASH + name + " " + Base64.getEncoder().encodeToString(line) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a note", e);
        }
    }

    /** The text of the note if a signature by {@code verifier} is on it and holds; otherwise an exception says why. */
    public static String open(String note, NoteKeys.Verifier verifier) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("a signed note has its text, a blank line and signature lines");
        }
        String text = note.substring(0, split + 1);
        for (String line : note.substring(split + 2).split("\n")) {
            if (!line.startsWith(DASH)) {
                continue;
            }
            String[] parts = line.substring(DASH.length()).split(" ");
            if (parts.length != 2 || !parts[0].equals(verifier.name())) {
                continue;
            }
            byte[] blob = Base64.getDecoder().decode(parts[1]);
            if (blob.length != 68 || !Arrays.equals(Arrays.copyOf(blob, 4), verifier.keyId())) {
                continue;
            }
            try {
                Signature ed = Signature.getInstance("Ed25519");
                ed.initVerify(verifier.key());
                ed.update(text.getBytes(StandardCharsets.UTF_8));
                if (ed.verify(Arrays.copyOfRange(blob, 4, 68))) {
                    return text;
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalArgumentException("the signature of " + verifier.name() + " does not match the note");
        }
        throw new IllegalArgumentException("the note carries no signature of " + verifier.name());
    }
}
