package app.lumen.vision.jvm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code that uses desktop-only Java APIs ({@code javax.imageio}, {@code java.awt.image}); the
 * build's Android API check skips it. Android code must never load such classes.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface DesktopOnly {}
