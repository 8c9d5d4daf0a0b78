package org.threatstats;

/** Run in a JVM of its own by {@link CompilerDirectivesTest}: adds the directives, then prints the JVM's list. */
public final class CompilerDirectivesProbe {
    private CompilerDirectivesProbe() {
    }

    public static void main(String[] args) {
        System.out.println("answer: " + CompilerDirectives.addFromProperty());
        System.out.println("list: " + CompilerDirectives.command("Compiler.directives_print"));
    }
}
