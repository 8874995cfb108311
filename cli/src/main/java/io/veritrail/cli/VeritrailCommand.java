package io.veritrail.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code veritrail} command: runs and inspects a Veritrail deployment. */
@Command(name = "veritrail", mixinStandardHelpOptions = true, version = "Veritrail 0.1.0",
        description = "A verifiable event-sourcing pipeline on Apache Kafka.",
        subcommands = {UpCommand.class, StatusCommand.class, DownCommand.class, ReplayCommand.class, TimelineCommand.class,
                InspectCommand.class, ProofCommand.class,
                VerifyCommand.class, AuditCommand.class, TopicsCommand.class, BenchCommand.class, TokenCommand.class,
                CommandLine.HelpCommand.class})
public final class VeritrailCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // The services share this jar's classpath and log at INFO through service-kit's logback.xml; the launcher
        // speaks to people through System.out and keeps library logs to warnings.
        System.setProperty("logback.configurationFile", "launcher-logback.xml");
        System.exit(new CommandLine(new VeritrailCommand()).execute(args));
    }
}
