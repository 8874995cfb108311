package io.veritrail.cli;

import io.veritrail.deploy.stack.LocalStack;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true, description = {"Shows which parts of the local stack run and answer, with their endpoints.",
        "Exit code: 0 all healthy, 1 no stack recorded, 3 some part down."})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Override
    public Integer call() {
        List<LocalStack.PartStatus> parts = new LocalStack(stack.layout(), System.out).status();
        if (parts.isEmpty()) {
            System.out.println("No stack is recorded in " + stack.layout().workDir() + ". Start one: ./veritrail up");
            return 1;
        }
        System.out.printf("%-10s %-8s %-8s %-45s %s%n", "PART", "PID", "STATE", "ENDPOINT", "LOG");
        for (LocalStack.PartStatus part : parts) {
            String state = part.healthy() ? "up" : part.alive() ? "starting" : "down";
            System.out.printf("%-10s %-8d %-8s %-45s %s%n", part.process().name(), part.process().pid(), state,
                    part.process().endpoint(), part.process().logFile());
        }
        return parts.stream().allMatch(LocalStack.PartStatus::healthy) ? 0 : 3;
    }
}
