/** Seeds the demo network (a French retail chain with users for every role) for local runs and tests. */
@org.springframework.modulith.ApplicationModule(displayName = "Demo data")
package io.archipel.demo;
