/** Read-only steering for executives: territory comparisons, objectives, budgets, adoption. */
@org.springframework.modulith.ApplicationModule(displayName = "Insights")
package io.archipel.insights;
