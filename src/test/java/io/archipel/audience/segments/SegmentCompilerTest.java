package io.archipel.audience.segments;

import static io.archipel.audience.segments.SegmentFixture.all;
import static io.archipel.audience.segments.SegmentFixture.any;
import static io.archipel.audience.segments.SegmentFixture.email;
import static io.archipel.audience.segments.SegmentFixture.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.CustomAttributes;
import io.archipel.audience.CustomAttributes.AttributeType;
import io.archipel.audience.Segments.Combinator;
import io.archipel.audience.Segments.Condition;
import io.archipel.audience.Segments.Definition;
import io.archipel.audience.Segments.Field;
import io.archipel.audience.Segments.FieldType;
import io.archipel.audience.Segments.Group;
import io.archipel.audience.Segments.Operator;
import io.archipel.audience.segments.SegmentCompiler.Compiled;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The compiler without a database: what SQL text and parameters come out, the stored JSON, the field list. */
class SegmentCompilerTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final FieldCatalog CATALOG = FieldCatalog.of(List.of(new CustomAttributes.Definition("shoe_size", "Pointure",
            AttributeType.NUMBER, List.of(), 1, 0)), List.of("Gold"));

    @Test
    void userTextOnlyEverEndsUpInParameters() {
        String hostile = "x'); delete from contact; --";
        Compiled c = SegmentCompiler.compileRules(email(when("city", Operator.EQUALS, hostile),
                any(when("attr.shoe_size", Operator.GREATER_THAN, "40"), when("tags", Operator.HAS_TAG, hostile))),
                CATALOG, LocalDate.of(2026, 3, 10), PARIS);
        assertThat(c.sql()).doesNotContain("delete").doesNotContain("shoe_size").doesNotContain("40");
        assertThat(c.sql()).isEqualTo("(lower(c.city) = ? and ((case when jsonb_typeof(c.attributes -> ?::text) = "
                + "'number' then (c.attributes ->> ?::text)::numeric end) > ?::numeric or "
                + "lower(c.tags::text)::text[] && ?::text[]))");
        assertThat(c.params()).hasSize(5);
        assertThat(c.params().get(0)).isEqualTo(hostile);
        assertThat(c.params().get(1)).isEqualTo("shoe_size");
        assertThat(c.sql().chars().filter(ch -> ch == '?').count()).isEqualTo(c.params().size());
    }

    @Test
    void anEmptyRootMatchesEveryone() {
        Compiled c = SegmentCompiler.compileRules(new Definition(Channel.SMS, new Group(Combinator.ALL, List.of())),
                CATALOG, LocalDate.of(2026, 3, 10), PARIS);
        assertThat(c.sql()).isEqualTo("true");
        assertThat(c.params()).isEmpty();
        assertThat(SegmentCompiler.audienceBase(Channel.SMS)).contains("c.sms_consent = 'GRANTED'")
                .contains("c.mobile is not null").contains("c.erased_at is null").contains("not c.suppressed");
        assertThat(SegmentCompiler.audienceBase(Channel.EMAIL)).contains("c.email_consent = 'GRANTED'")
                .contains("c.email is not null").contains("not c.suppressed");
    }

    @Test
    void birthdaysWithinDaysCrossTheYearAndKeepLeapDayBirthdaysInOtherYears() {
        assertThat(SegmentCompiler.birthdays(LocalDate.of(2026, 12, 30), 3)).containsExactly("1230", "1231", "0101",
                "0102");
        assertThat(SegmentCompiler.birthdays(LocalDate.of(2027, 2, 27), 1)).containsExactly("0227", "0228", "0229");
        assertThat(SegmentCompiler.birthdays(LocalDate.of(2028, 2, 28), 1)).containsExactly("0228", "0229");
        assertThat(SegmentCompiler.birthdays(LocalDate.of(2026, 1, 1), 3650)).hasSize(366);
    }

    @Test
    void relativeDatesAreComputedFromTheGivenToday() {
        Compiled c = SegmentCompiler.compileRules(email(when("last_purchase_date", Operator.WITHIN_LAST_DAYS, "90")),
                CATALOG, LocalDate.of(2026, 3, 10), PARIS);
        assertThat(c.params()).containsExactly(LocalDate.of(2025, 12, 10), LocalDate.of(2026, 3, 10));
        Compiled created = SegmentCompiler.compileRules(email(when("created_at", Operator.IS_SET)), CATALOG,
                LocalDate.of(2026, 3, 10), ZoneId.of("Indian/Reunion"));
        assertThat(created.params()).containsExactly("Indian/Reunion");
    }

    @Test
    void theStoredJsonRoundTripsAndToleratesUnknownNames() {
        JsonMapper json = JsonMapper.builder().build();
        Group root = all(when("city", Operator.IN, "Lyon", "Paris"),
                any(when("tags", Operator.HAS_TAG, "vip"), when("birth_date", Operator.BIRTHDAY_THIS_MONTH)));
        String text = DefinitionJson.write(json, root);
        assertThat(text).contains("\"kind\":\"group\"").contains("\"kind\":\"condition\"");
        assertThat(DefinitionJson.read(json, text)).isEqualTo(root);
        Group odd = DefinitionJson.read(json, "{\"kind\":\"group\",\"combinator\":\"SOME\",\"rules\":["
                + "{\"kind\":\"condition\",\"field\":\"city\",\"operator\":\"LIKE\",\"values\":[\"x\"]},{\"kind\":\"other\"}]}");
        assertThat(odd.combinator()).isNull();
        assertThat(odd.rules()).containsExactly(new Condition("city", null, List.of("x")));
    }

    @Test
    void theFieldListOffersBuiltInsThenAttributesWithTheirOperators() {
        List<Field> fields = CATALOG.fields();
        assertThat(fields).extracting(Field::key).containsExactly("email", "mobile", "first_name", "last_name",
                "birth_date", "postal_code", "city", "loyalty_tier", "last_purchase_date", "total_spend", "tags",
                "created_at", "attr.shoe_size");
        Field birth = fields.get(4);
        assertThat(birth.operators()).contains(Operator.BIRTHDAY_THIS_MONTH, Operator.BIRTHDAY_WITHIN_DAYS);
        assertThat(fields.get(9).operators()).doesNotContain(Operator.BIRTHDAY_THIS_MONTH);
        assertThat(fields.get(12).type()).isEqualTo(FieldType.NUMBER);
        assertThat(fields.get(12).label()).isEqualTo("Pointure");
        assertThat(fields.get(7).choices()).containsExactly("Gold");
        assertThat(fields.get(10).operators()).containsExactly(Operator.HAS_TAG, Operator.HAS_ANY_TAG,
                Operator.HAS_NO_TAG);
    }
}
