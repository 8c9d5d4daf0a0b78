package org.threatstats.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threatstats.definition.Refusal.refused;

import java.nio.file.Path;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 19, item 1.5: anything in braces that is not a placeholder, and a brace on its own. Today '{Count}' was
 * printed as it is, because only lowercase names were checked; no headline can print a brace, since there is no
 * escape for one.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PlaceholdersTest {
    private static final String KNOWN = "(known: {change-on-previous}, {count}, {median-comparison}, {period}, "
            + "{previous-count}, {previous-period}, {share}, {share-change})";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {Count} ({share}) of those arrested were charged | headlines[3]: 'text' has {Count}, which is not a placeholder (placeholders are lowercase: did you mean {count}?)
            { count } ({share}) of those arrested were charged | headlines[3]: 'text' has { count }, which is not a placeholder (placeholders have no spaces: did you mean {count}?)
            {count} ({shares}) of those arrested were charged | headlines[3]: 'text' has {shares}, which is not a placeholder KNOWN
            {} ({share}) of those arrested were charged | headlines[3]: 'text' has {}, which is not a placeholder KNOWN
            {count ({share}) of those arrested were charged | headlines[3]: 'text' has a '{' with no '}' to close it (placeholders are written like {count}, and a headline cannot otherwise hold a brace)
            count} ({share}) of those arrested were charged | headlines[3]: 'text' has a '}' with no '{' to open it (placeholders are written like {count}, and a headline cannot otherwise hold a brace)
            {{count}} ({share}) of those arrested were charged | headlines[3]: 'text' has a '{' with no '}' to close it (placeholders are written like {count}, and a headline cannot otherwise hold a brace)
            """)
    void anythingInBracesThatIsNotAPlaceholderIsRefused(String text, String message) throws Exception {
        assertThat(refused(dir, "{count} ({share}) of those arrested were charged", text))
                .isEqualTo(message.replace("KNOWN", KNOWN));
    }
}
