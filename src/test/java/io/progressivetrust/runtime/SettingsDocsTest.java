package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every pt.* setting is declared once, in {@link SettingDefs}: the README's settings table and the
 * pt.* part of config/application.properties are generated from the declarations, and the README's
 * topic table must name every topic setting with its declared default.
 */
class SettingsDocsTest {

    @Test
    void theReadmeTableIsTheOneGeneratedFromTheDeclarations() throws Exception {
        assertThat(Files.readString(Path.of("README.md"))).contains(SettingDefs.markdownTable());
    }

    @Test
    void theExampleConfigEndsWithTheSettingsGeneratedFromTheDeclarations() throws Exception {
        assertThat(Files.readString(Path.of("config/application.properties"))).endsWith(SettingDefs.propertiesSection());
    }

    @Test
    void theReadmeAndTheExampleConfigListEverySettingWithItsDefault() throws Exception {
        Map<String, String> declared = new TreeMap<>(Settings.DEFAULTS);

        Map<String, String> readme = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `(pt\\.[a-z0-9.-]+)` \\| (?:`([^`]*)`|\\(none\\)) \\|")
                .matcher(Files.readString(Path.of("README.md")));
        while (row.find()) {
            readme.put(row.group(1), row.group(2) == null ? "" : row.group(2));
        }
        assertThat(readme).isEqualTo(declared);

        Properties example = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("config/application.properties"))) {
            example.load(in);
        }
        Map<String, String> exampleOwn = new TreeMap<>();
        example.stringPropertyNames().stream().filter(k -> k.startsWith("pt."))
                .forEach(k -> exampleOwn.put(k, example.getProperty(k)));
        assertThat(exampleOwn).isEqualTo(declared);
    }
}
