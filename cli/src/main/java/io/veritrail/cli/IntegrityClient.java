package io.veritrail.cli;

import picocli.CommandLine.Option;

/** The integrity service, for commands that fetch proofs or its key. */
final class IntegrityClient {
    @Option(names = "--integrity-url", defaultValue = "${env:VERITRAIL_INTEGRITY_URL:-http://127.0.0.1:8091}",
            description = "The integrity service (${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", defaultValue = "${env:VERITRAIL_TOKEN}",
            description = "Bearer token (default: $VERITRAIL_TOKEN, else one signed with the local stack's secret).")
    String token;

    String get(String pathAndQuery) throws Exception {
        return ServiceHttp.getOk(url + pathAndQuery, token);
    }

    String verifierKey() throws Exception {
        return get("/v1/checkpoints/key").trim();
    }
}
