package org.threatstats;

import java.lang.reflect.Method;

/**
 * Gives HotSpot's JIT compilers the directives of a file as the program starts, as {@code jcmd <pid>
 * Compiler.directives_add FILE} would, and without a word on the console.
 *
 * <p>The JVM option that reads such a file ({@code -XX:CompilerDirectivesFile}) prints "N compiler directives
 * added" on every start, which would reach the operators' mail from cron; a diagnostic command returns that line to
 * its caller instead. It is reached through the JDK's own implementation of the {@code DiagnosticCommand} MBean, as
 * the platform MBean server reaches it (starting that server took 100 to 300 ms). The jar's manifest opens the
 * package to this code ({@code Add-Opens}, honoured for {@code java -jar}). Anywhere else, such as another JDK or a
 * JVM started without the manifest, nothing happens: only speed is at stake.
 */
final class CompilerDirectives {
    /** The system property naming the file; nightly runs set it in {@code target/jvm.options}. */
    static final String PROPERTY = "threatstats.compiler-directives";

    private CompilerDirectives() {
    }

    /** Adds the directives of the file the property names, if it names one: what the JVM answered, or null. */
    static String addFromProperty() {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return null;
        }
        // quoted: the command's arguments are split at spaces
        return command("Compiler.directives_add \"" + file + "\"");
    }

    /** Carries out a diagnostic command in this JVM: its output, or null if the JDK's implementation is closed. */
    static String command(String command) {
        try {
            // its static initialiser loads the native library that carries out diagnostic commands
            Class.forName("com.sun.management.internal.PlatformMBeanProviderImpl");
            Class<?> type = Class.forName("com.sun.management.internal.DiagnosticCommandImpl");
            Method bean = type.getDeclaredMethod("getDiagnosticCommandMBean");
            bean.setAccessible(true);
            Method execute = type.getDeclaredMethod("executeDiagnosticCommand", String.class);
            execute.setAccessible(true);
            return (String) execute.invoke(bean.invoke(null), command);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
