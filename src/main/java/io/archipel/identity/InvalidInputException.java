package io.archipel.identity;

import java.util.List;

/**
 * Input that breaks a business rule the form cannot check on its own (an e-mail already used, a scope that does not
 * fit the role…). Each problem names the form field it belongs to, or none for a form-wide message.
 */
public class InvalidInputException extends RuntimeException {

    /** {@code field} is null for a global error; {@code messageKey} is a message bundle key. */
    public record Problem(String field, String messageKey) {
    }

    private final List<Problem> problems;

    public InvalidInputException(List<Problem> problems) {
        super("Invalid input: " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
