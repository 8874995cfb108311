package io.veritrail.service.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Static API keys for machine clients, from a file of lines {@code <sha256 of the key, hex> <subject> <role,...>
 * [<tenant,...>]}. Only digests are kept, in the file and in memory, so the file does not hand out keys; a presented
 * key is hashed and looked up, which also makes the comparison independent of how much of a key matched.
 */
public final class ApiKeys {
    private final Map<String, Principal> byDigest;

    private ApiKeys(Map<String, Principal> byDigest) {
        this.byDigest = Map.copyOf(byDigest);
    }

    public static ApiKeys none() {
        return new ApiKeys(Map.of());
    }

    public static ApiKeys fromFile(Path file) {
        try {
            Map<String, Principal> keys = new HashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split("\\s+");
                if (parts.length < 3 || parts[0].length() != 64) {
                    throw new IllegalStateException(file + ": expected '<sha256 hex> <subject> <roles> [tenants]': " + line);
                }
                Set<Role> roles = Arrays.stream(parts[2].split(",")).map(r -> Role.parse(r).orElseThrow(
                        () -> new IllegalStateException(file + ": unknown role " + r))).collect(Collectors.toSet());
                Set<String> tenants = parts.length > 3 ? Set.of(parts[3].split(",")) : Set.of();
                keys.put(parts[0].toLowerCase(java.util.Locale.ROOT), new Principal(parts[1], roles, tenants));
            }
            return new ApiKeys(keys);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read API keys from " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<Principal> find(String presentedKey) {
        return Optional.ofNullable(byDigest.get(digest(presentedKey)));
    }

    /** The line to put in the keys file for a key. */
    public static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
