/** The brand studio: brand kit, asset library (médiathèque), and later templates with locked and editable blocks. */
@org.springframework.modulith.ApplicationModule(displayName = "Brand")
package io.archipel.brand;
