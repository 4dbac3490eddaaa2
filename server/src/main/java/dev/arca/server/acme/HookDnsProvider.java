package dev.arca.server.acme;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code dns-01} records through the command the server's configuration names ({@code acme_dns_hook}), run as
 * {@code <hook> present|cleanup <fqdn> <value>}; exit status 0 means done. Never a command given over the API: the
 * hook is the operator's, the arguments are a DNS name and a base64url digest, passed without a shell.
 */
final class HookDnsProvider implements DnsRecords {
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Path hook;

    HookDnsProvider(Path hook) {
        this.hook = hook;
    }

    @Override
    public void present(String fqdn, String value) throws DnsUpdateException {
        run("present", fqdn, value);
    }

    @Override
    public void cleanup(String fqdn, String value) throws DnsUpdateException {
        run("cleanup", fqdn, value);
    }

    private void run(String action, String fqdn, String value) throws DnsUpdateException {
        Process process;
        try {
            // the hook's output is its own and may say anything: it goes nowhere
            process = new ProcessBuilder(List.of(hook.toString(), action, fqdn, value))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new DnsUpdateException("cannot run the DNS hook " + hook + ": " + e.getMessage());
        }
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new DnsUpdateException("the DNS hook " + hook + " " + action + " took longer than " + TIMEOUT);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DnsUpdateException("the DNS hook " + hook + " " + action + " was interrupted");
        }
        if (process.exitValue() != 0) {
            throw new DnsUpdateException("the DNS hook " + hook + " " + action + " " + fqdn + " exited with status "
                    + process.exitValue());
        }
    }
}
