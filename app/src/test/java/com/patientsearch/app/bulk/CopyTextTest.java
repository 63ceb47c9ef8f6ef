package com.patientsearch.app.bulk;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CopyTextTest {

    @Test
    void escapesWhatTheCopyTextFormatReserves() {
        CopyText text = new CopyText(64);
        text.add("a\\b\tc\nd\re").add((String) null).add(7).add(true).addId(0).addId(5).endRow();
        text.add("Müller").endRow();
        assertThat(new String(text.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("a\\\\b\\tc\\nd\\re\t\\N\t7\tt\t\\N\t5\nMüller\n");
    }
}
