package io.archipel.brand;

/** What a template sends. */
public enum TemplateChannel {
    EMAIL, SMS
}
