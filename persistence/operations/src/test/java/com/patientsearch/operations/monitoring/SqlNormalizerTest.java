package com.patientsearch.operations.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlNormalizerTest {

    @Test
    void replacesEveryKindOfValueWithAPlaceholder() {
        String sql = "SELECT p1_0.id FROM patient p1_0 /* hint 'x' */ WHERE p1_0.last_name = 'O''Brien' "
                + "AND p1_0.date_of_birth > DATE '1980-01-02' AND p1_0.id IN (1, 2, 3) AND p1_0.version = 42 "
                + "AND p1_0.mrn = E'A\\'1' AND body = $tag$secret$tag$ -- trailing 'comment'\n LIMIT $1";
        String normalized = SqlNormalizer.normalize(sql);
        assertThat(normalized).isEqualTo("SELECT p1_0.id FROM patient p1_0 WHERE p1_0.last_name = ? "
                + "AND p1_0.date_of_birth > DATE ? AND p1_0.id IN (?) AND p1_0.version = ? "
                + "AND p1_0.mrn = ? AND body = ? LIMIT ?");
        assertThat(normalized).doesNotContain("Brien", "1980", "secret", "42", "comment");
    }

    @Test
    void appAndPgStatStatementsFormsShareAFamily() {
        String fromApp = SqlNormalizer.normalize("select p.id from patient p where p.middle_name=? and p.id in (?, ?, ?, ?)");
        String fromPgss = SqlNormalizer.normalize("select p.id from patient p where p.middle_name=$1 and p.id in ($2, $3)");
        assertThat(SqlNormalizer.family(fromApp)).isEqualTo(SqlNormalizer.family(fromPgss)).matches("select_patient_[0-9a-f]{8}");
        assertThat(SqlNormalizer.family(SqlNormalizer.normalize("select 1 from clinic")))
                .isNotEqualTo(SqlNormalizer.family(fromApp));
    }

    @Test
    void aBatchOfThousandsOfBindsIsOneInList() {
        String batch = "select p.id from patient p where p.id in (" + "?, ".repeat(2047) + "?)";
        assertThat(SqlNormalizer.normalize(batch)).isEqualTo("select p.id from patient p where p.id in (?)");
    }

    @Test
    void onlyPlainReadsAreExplainable() {
        assertThat(SqlNormalizer.isRead("select id from patient where id = ?")).isTrue();
        assertThat(SqlNormalizer.isRead("with x as (select id from patient) select * from x")).isTrue();
        assertThat(SqlNormalizer.isRead("select id from patient where id = ? for update")).isFalse();
        assertThat(SqlNormalizer.isRead("with d as (delete from patient returning id) select * from d")).isFalse();
        assertThat(SqlNormalizer.isRead("update patient set version = ? where id = ?")).isFalse();
        assertThat(SqlNormalizer.isRead("insert into patient (id) values (?)")).isFalse();
        assertThat(SqlNormalizer.isRead("select id into backup from patient")).isFalse();
    }
}
