package io.veritrail.schemas.registry;

import java.util.Map;

/**
 * Settings of the schema registry client, read under Confluent's own configuration names so that a deployment
 * can switch between this client and Confluent's serializers without renaming anything.
 */
public record RegistryConfig(String url, boolean autoRegister, boolean useLatestVersion, String basicAuthUserInfo) {
    public static final String URL = "schema.registry.url";
    public static final String AUTO_REGISTER = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    public RegistryConfig {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(URL + " is not set");
        }
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public static RegistryConfig of(String url) {
        return new RegistryConfig(url, true, false, null);
    }

    public static RegistryConfig from(Map<String, ?> configs) {
        Object url = configs.get(URL);
        return new RegistryConfig(url == null ? null : url.toString(),
                flag(configs.get(AUTO_REGISTER), true),
                flag(configs.get(USE_LATEST_VERSION), false),
                configs.get(BASIC_AUTH_USER_INFO) == null ? null : configs.get(BASIC_AUTH_USER_INFO).toString());
    }

    private static boolean flag(Object value, boolean otherwise) {
        return value == null ? otherwise : Boolean.parseBoolean(value.toString());
    }
}
