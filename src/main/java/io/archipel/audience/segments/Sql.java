package io.archipel.audience.segments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A piece of SQL with its {@code ?} parameters, in order. SQL text only ever comes from constants of this package. */
record Sql(String text, List<Object> params) {

    static Sql of(String text, Object... params) {
        return new Sql(text, Arrays.asList(params));
    }

    /** Builds a statement from constant text and fragments, collecting their parameters in order. */
    static final class Builder {

        private final StringBuilder text = new StringBuilder();
        private final List<Object> params = new ArrayList<>();

        Builder sql(String constant) {
            text.append(constant);
            return this;
        }

        Builder add(Sql fragment) {
            text.append(fragment.text());
            params.addAll(fragment.params());
            return this;
        }

        Builder param(Object value) {
            text.append('?');
            params.add(value);
            return this;
        }

        Sql build() {
            return new Sql(text.toString(), java.util.Collections.unmodifiableList(new ArrayList<>(params)));
        }
    }
}
