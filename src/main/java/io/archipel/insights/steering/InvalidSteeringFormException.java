package io.archipel.insights.steering;

import java.util.Map;

/** Refused steering input (an objective or a budget): field → message key, for the form to show. */
public abstract class InvalidSteeringFormException extends RuntimeException {

    private final Map<String, String> problems;

    protected InvalidSteeringFormException(String what, Map<String, String> problems) {
        super("Invalid " + what + " " + problems);
        this.problems = Map.copyOf(problems);
    }

    public Map<String, String> problems() {
        return problems;
    }
}
