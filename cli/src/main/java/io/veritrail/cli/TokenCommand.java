package io.veritrail.cli;

import io.veritrail.deploy.stack.StackSecrets;
import io.veritrail.service.security.AuthSettings;
import io.veritrail.service.security.JwtMinter;
import io.veritrail.service.security.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veritrail token}: a bearer token for the local stack, signed with its secret. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Prints a bearer token for the local stack (HS256, signed with the stack's own secret).",
                "Example: TOKEN=$(./veritrail token --role collector --subject collector-7)",
                "         curl -H \"Authorization: Bearer $TOKEN\" ..."})
final class TokenCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Option(names = "--role", required = true, split = ",",
            description = "admin, collector, auditor or reader (several: --role auditor,reader).")
    List<String> roles;

    @Option(names = "--subject", defaultValue = "local-user",
            description = "Who the token speaks for; a collector's events must carry it as userId (${DEFAULT-VALUE}).")
    String subject;

    @Option(names = "--tenant", split = ",", description = "Tenants (programs) a reader may read.")
    List<String> tenants = List.of();

    @Option(names = "--ttl", defaultValue = "PT8H", description = "How long it is valid, ISO-8601 (${DEFAULT-VALUE}).")
    Duration ttl;

    @Override
    public Integer call() throws Exception {
        List<Role> parsed = roles.stream().map(r -> Role.parse(r.strip()).orElseThrow(() ->
                new IllegalArgumentException("unknown role " + r + "; roles: admin, collector, auditor, reader"))).toList();
        Path secret = StackSecrets.ensureHs256Secret(stack.workDir);
        System.out.println(JwtMinter.hs256(JwtMinter.claims(StackSecrets.ISSUER, AuthSettings.DEFAULT_AUDIENCE, subject,
                parsed, tenants, Instant.now(), ttl), AuthSettings.readSecret(secret.toString())));
        return 0;
    }
}
