package io.veritrail.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 only instantiates classes it was told to trust, so that a schema from an untrusted registry cannot
 * make a reader load arbitrary classes. Veritrail's generated records live in one package; trust exactly that,
 * on top of whatever the application already trusts.
 */
public final class AvroTrust {
    static final String GENERATED_PACKAGE = "io.veritrail.schemas.avro.";
    private static boolean installed;

    private AvroTrust() {
    }

    public static synchronized void install() {
        if (!installed) {
            ClassSecurityValidator.ClassSecurityPredicate existing = ClassSecurityValidator.getGlobal();
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(existing,
                    type -> type.getName().startsWith(GENERATED_PACKAGE)));
            installed = true;
        }
    }
}
