/** Layouts, navigation, language, login page and error pages shared by every area. */
@org.springframework.modulith.ApplicationModule(displayName = "UI")
package io.archipel.ui;
