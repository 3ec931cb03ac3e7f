package io.archipel.brand;

import java.util.List;

/**
 * Something in a template that must be fixed before it can be published (or, for a branch, submitted). {@code path}
 * names the place: {@code name}, {@code subject}, {@code preheader}, {@code blocks[<blockId>].<field>},
 * {@code blocks[<blockId>].constraints}, {@code parts[<partId>]}, {@code optOut}, {@code availability};
 * {@code messageKey} and {@code args} make the message (bundle {@code messages/brand}).
 */
public record TemplateProblem(String path, String messageKey, List<Object> args) {

    public TemplateProblem {
        args = args == null ? List.of() : List.copyOf(args);
    }

    public static TemplateProblem of(String path, String messageKey, Object... args) {
        return new TemplateProblem(path, messageKey, List.of(args));
    }

    public static String blockPath(String blockId, String field) {
        return "blocks[" + blockId + "]" + (field == null ? "" : "." + field);
    }

    public Object[] argsArray() {
        return args.toArray();
    }

    /** Thrown when an action needs a template without problems. */
    public static class InvalidTemplateException extends RuntimeException {
        private final transient List<TemplateProblem> problems;

        public InvalidTemplateException(List<TemplateProblem> problems) {
            super(problems.size() + " problem(s) in the template");
            this.problems = List.copyOf(problems);
        }

        public List<TemplateProblem> problems() {
            return problems;
        }
    }
}
