/** Campaigns and campaign kits: drafting, review by validators, scheduling. */
@org.springframework.modulith.ApplicationModule(displayName = "Campaign")
package io.archipel.campaign;
