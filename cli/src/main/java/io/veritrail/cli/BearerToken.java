package io.veritrail.cli;

import picocli.CommandLine.Option;

/** The {@code --token} option of every command that calls a service; see {@link ServiceHttp} for the default. */
final class BearerToken {
    @Option(names = "--token", defaultValue = "${env:VERITRAIL_TOKEN}",
            description = "Bearer token (default: $VERITRAIL_TOKEN, else one signed with the local stack's secret).")
    String value;
}
