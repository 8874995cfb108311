package io.veritrail.cli;

import io.veritrail.deploy.stack.LocalStack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "down", mixinStandardHelpOptions = true, description = "Stops a stack started by 'up' (services first, the broker last). Data is kept.")
final class DownCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Override
    public Integer call() throws Exception {
        if (!new LocalStack(stack.layout(), System.out).down()) {
            System.out.println("No stack is recorded in " + stack.layout().workDir() + "; nothing to stop.");
            return 0;
        }
        System.out.println("Veritrail is down; data stays in " + stack.layout().workDir().resolve("data") + ".");
        return 0;
    }
}
