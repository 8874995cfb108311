package io.veritrail.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The integrity service, for commands that fetch proofs or its key. */
final class IntegrityClient {
    @Option(names = "--integrity-url", defaultValue = "${env:VERITRAIL_INTEGRITY_URL:-http://127.0.0.1:8091}",
            description = "The integrity service (${DEFAULT-VALUE}).")
    String url;

    @Mixin
    BearerToken token = new BearerToken();

    String get(String pathAndQuery) throws Exception {
        return ServiceHttp.getOk(url + pathAndQuery, token.value);
    }

    String verifierKey() throws Exception {
        return get("/v1/checkpoints/key").trim();
    }
}
