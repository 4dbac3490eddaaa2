package dev.arca.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Environment variables that make a program run other code, or send it or its traffic elsewhere, and the variables
 * that carry arca's own credentials. Whoever may write a secret chooses its variable name ({@code ld/preload} exports
 * as {@code LD_PRELOAD}), so {@code arca run} refuses these names from secrets and env files unless
 * {@code --allow-env} names them, and keeps arca's credentials from the program.
 *
 * <p>Names are compared upper-cased: some are honoured in lower case ({@code http_proxy}) and Windows ignores case.
 * Left off on purpose: variables that change behaviour without running code or redirecting it ({@code LANG},
 * {@code TZ}, {@code TMPDIR}, {@code NODE_ENV}…); a program that must be given one of those from a secret still can.
 */
final class UnsafeVariableNames {
    private UnsafeVariableNames() {}

    /** Entries ending with {@code *} are prefixes; the others exact names. */
    private static final List<String> UNSAFE = List.of(
            // The dynamic loader: a library loaded into every dynamically linked program (glibc, musl, macOS).
            "LD_*", "DYLD_*",
            // glibc's tunables, read by the loader of every program, setuid ones too (CVE-2023-4911).
            "GLIBC_TUNABLES",
            // Where programs are looked up, and where glibc loads conversion modules and locale data from.
            "PATH", "GCONV_PATH", "LOCPATH", "NLSPATH",
            // glibc name resolution: a host name answered with another address.
            "HOSTALIASES", "LOCALDOMAIN", "RES_OPTIONS",
            // Shells: files and strings run at start-up or before each command (BASH_ENV, ENV, exported
            // BASH_FUNC_* functions, loadable builtins), and settings that turn data into code (IFS, PS4 under
            // xtrace, prompts with command substitution).
            "BASH_ENV", "ENV", "BASH_*", "SHELLOPTS", "BASHOPTS", "IFS", "PS1", "PS2", "PS3", "PS4",
            "PROMPT_COMMAND", "ZDOTDIR", "CDPATH",
            // Home and configuration directories: shells, git (core.pager, aliases), npm and many more read runnable
            // settings from them, and shared hosts have directories anyone may write.
            "HOME", "XDG_*",
            // Programs that other programs start on their own.
            "SHELL", "EDITOR", "VISUAL", "PAGER", "MANPAGER", "BROWSER", "LESSOPEN", "LESSCLOSE", "SSH_ASKPASS",
            "SUDO_ASKPASS",
            // vi and ex run these as commands at start-up, and git, crontab and sudoedit start them.
            "VIMINIT", "EXINIT",
            // Interpreters: start-up files, options and module paths applied to every script.
            "PYTHON*", "PERL5*", "PERLLIB", "RUBY*", "GEM_HOME", "GEM_PATH", "NODE_OPTIONS", "NODE_PATH",
            "NPM_CONFIG_*", "LUA_INIT*", "LUA_PATH*", "LUA_CPATH*", "PHPRC", "PHP_INI_SCAN_DIR", "TCLLIBPATH",
            "GOFLAGS",
            // The JVM: options such as -javaagent read by every java, the class path, the launchers' own, and the
            // JAVA_HOME whose bin/java the launchers (mvn, gradle, most start scripts) run.
            "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS", "CLASSPATH", "MAVEN_OPTS",
            "GRADLE_OPTS", "JAVA_HOME",
            // .NET: assemblies run before Main, and profiler libraries loaded into every process (Core and Framework).
            "DOTNET_STARTUP_HOOKS", "CORECLR_PROFILER*", "COR_PROFILER*",
            // OpenSSL: a configuration file can load engines or providers, and these say where they are loaded from.
            "OPENSSL_CONF", "OPENSSL_ENGINES", "OPENSSL_MODULES",
            // Git: the commands it runs (ssh, pager, editor, askpass, diff, proxy), configuration given in the
            // environment, and repositories or templates whose hooks it would run.
            "GIT_SSH", "GIT_SSH_COMMAND", "GIT_EXEC_PATH", "GIT_PAGER", "GIT_EDITOR", "GIT_SEQUENCE_EDITOR",
            "GIT_ASKPASS", "GIT_EXTERNAL_DIFF", "GIT_PROXY_COMMAND", "GIT_TEMPLATE_DIR", "GIT_DIR", "GIT_WORK_TREE",
            "GIT_CONFIG*", "GIT_ALLOW_PROTOCOL",
            // Where traffic goes and which certificates are trusted: a proxy with an added CA reads every connection.
            "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "FTP_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR",
            "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "NODE_TLS_REJECT_UNAUTHORIZED",
            // The file TLS libraries (NSS, OpenSSL through curl and Python) write session keys to: every connection
            // can be decrypted by whoever reads it.
            "SSLKEYLOGFILE",
            // Which cluster or daemon kubectl and docker talk to, with the user's credentials; a kubeconfig can also
            // name a credential plugin to run.
            "KUBECONFIG", "DOCKER_HOST",
            // Arca's own settings: a secret named ARCA_ADDR would send the program's arca calls elsewhere.
            "ARCA_*");

    /**
     * arca's credentials (and what unlocks them), which the program does not inherit: a program that needs the vault
     * gets its own identity. The address, vault and home are kept. ARCA_SOCKET is among them: the server's Unix socket
     * counts as 127.0.0.1 for allowlists and rate limits, a way in the program should be given on purpose.
     */
    static final Set<String> ARCA_CREDENTIALS = Set.of("ARCA_TOKEN", "ARCA_CLIENT_ID", "ARCA_CLIENT_SECRET",
            "ARCA_ENROLLMENT_TOKEN", "ARCA_PASSPHRASE_FILE", "ARCA_SOCKET");

    /** Whether a variable of this name may change what a program runs or where it connects. */
    static boolean isUnsafe(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String entry : UNSAFE) {
            boolean matches = entry.endsWith("*") ? upper.startsWith(entry.substring(0, entry.length() - 1))
                    : upper.equals(entry);
            if (matches) {
                return true;
            }
        }
        return false;
    }
}
