package io.veritrail.service.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a service reads its settings: a JVM system property {@code veritrail.<name>} first, then the environment
 * variable {@code VERITRAIL_<NAME>} (dots and dashes become underscores), then the default. The launcher passes
 * system properties; containers usually pass environment variables.
 */
public final class Settings {
    private final Map<String, String> environment;

    public Settings(Map<String, String> environment) {
        this.environment = environment;
    }

    public static Settings fromSystem() {
        return new Settings(System.getenv());
    }

    public static String environmentName(String name) {
        return "VERITRAIL_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public Optional<String> find(String name) {
        String value = System.getProperty("veritrail." + name);
        if (value == null) {
            value = environment.get(environmentName(name));
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    public String get(String name, String otherwise) {
        return find(name).orElse(otherwise);
    }

    public int getInt(String name, int otherwise) {
        return find(name).map(v -> parseInt(name, v)).orElse(otherwise);
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + name + " must be a whole number, got '" + value + "'");
        }
    }
}
