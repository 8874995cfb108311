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
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line as people get it: a command that fails says so in one line, "veritrail verify inclusion:
     * proof.json (No such file or directory)", and exits with 1; the stack trace only with VERITRAIL_DEBUG set.
     */
    static CommandLine commandLine() {
        CommandLine command = new CommandLine(new VeritrailCommand());
        command.setExecutionExceptionHandler((e, failed, parsed) -> {
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + reason(e));
            if (System.getenv("VERITRAIL_DEBUG") != null) {
                e.printStackTrace(failed.getErr());
            }
            failed.getErr().flush();
            return 1;
        });
        return command;
    }

    /** The messages down the chain of causes, each once: "could not create topic events: Replication factor...". */
    static String reason(Throwable e) {
        Throwable first = e;
        while (first instanceof java.util.concurrent.ExecutionException && first.getCause() != null) {
            first = first.getCause();
        }
        StringBuilder reason = new StringBuilder();
        for (Throwable cause = first; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !reason.toString().contains(cause.getMessage())) {
                reason.append(reason.isEmpty() ? "" : ": ").append(cause.getMessage());
            }
        }
        return reason.isEmpty() ? first.getClass().getSimpleName() : reason.toString();
    }
}
