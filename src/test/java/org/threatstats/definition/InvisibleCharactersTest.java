package org.threatstats.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threatstats.definition.Refusal.refused;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 19, item 1.6: control characters and invisible format characters in any text of the job (the marking,
 * titles, notes, labels, category values, keys...) are refused, naming the place and the character. Today they
 * reached the published report. Raw characters are written into the file; YAML escapes (\a, \x7F, \t, \uFEFF)
 * inside double quotes give the rest.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InvisibleCharactersTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            marking: OFFICIAL | marking: OFFICIAL\u202E | marking: 'OFFICIAL<U+202E>' contains U+202E RIGHT-TO-LEFT OVERRIDE, an invisible character that changes how text is shown: delete it
            title: Arrests for terrorism-related activity and state | title: Arrests\u200B for terrorism-related activity and state | title: 'Arrests<U+200B> for terrorism-related activity and…' contains U+200B ZERO WIDTH SPACE, an invisible character that changes how text is shown: delete it
            `- The year ending March 2023 total (172) is the Home Office's; its breakdowns are illustrative.` | `- "The year ending\\a March 2023 total (172) is the Home Office's; its breakdowns are illustrative."` | notes[1]: 'The year ending<U+0007> March 2023 total (172) is the Home…' contains U+0007 BEL, a control character: delete it
            `- The year ending March 2023 total (172) is the Home Office's; its breakdowns are illustrative.` | `- "The year ending March 2023 total (172) is the Home Office's; its breakdowns are illustrative.\\x7F"` | notes[1]: '…its breakdowns are illustrative.<U+007F>' contains U+007F DELETE, a control character: delete it
            values: [Male, Female, Not stated] | values: [Male, Female, "Not\\uFEFF stated"] | datasets[0].columns[3].values[2]: 'Not<U+FEFF> stated' contains U+FEFF ZERO WIDTH NO-BREAK SPACE, an invisible character that changes how text is shown: delete it
            {label: 21 to 24, | {label: "21\\tto 24", | datasets[0].bands[0].bands[2].label: '21<U+0009>to 24' contains U+0009 CHARACTER TABULATION, a tab: use a space
            of those arrested were aged 17 and under | of those arrested were aged\\x8517 and under | headlines[1].text: '…({share}) of those arrested were aged<U+0085>17 and under, {share-change}.' contains U+0085 NEXT LINE (NEL), a control character: delete it
            `- Ideology is as recorded by the police at the time of arrest; breakdowns by ideology are illustrative.` | `- "Ideology is as recorded by the\\npolice at the time of arrest; breakdowns by ideology are illustrative."` | `notes[3]: 'Ideology is as recorded by the<U+000A>police at the time of arrest; breakdowns…' contains U+000A LINE FEED (LF), a line break (a blank line in a '>' text, or any '|' text, keeps one): write the text as one paragraph`
            geography: Great Britain | "geo\\u200Bgraphy": Great Britain | the key 'geo<U+200B>graphy' contains U+200B ZERO WIDTH SPACE, an invisible character that changes how text is shown: delete it
            """)
    void controlAndInvisibleCharactersAreRefusedNamingTheCharacter(String from, String to, String message)
            throws Exception {
        assertThat(refused(dir, from, to)).isEqualTo(message);
    }

    @Test
    void aLineBreakFromABlankLineInAFoldedTextIsRefused() throws Exception {
        assertThat(refused(dir, "    latest revised figure where", "\n    latest revised figure where"))
                .isEqualTo("notes[0]: '…published by the Home Office, using the<U+000A>latest revised "
                        + "figure where a later…' contains U+000A LINE FEED (LF), a line break (a "
                        + "blank line in a '>' text, or any '|' text, keeps one): write the text as one paragraph");
    }
}
