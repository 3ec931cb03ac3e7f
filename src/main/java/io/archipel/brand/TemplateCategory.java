package io.archipel.brand;

/** How templates are grouped for branches choosing one. */
public enum TemplateCategory {
    PROMOTION, EVENT, NEWSLETTER, SEASONAL, LOYALTY, WELCOME, INFORMATION
}
