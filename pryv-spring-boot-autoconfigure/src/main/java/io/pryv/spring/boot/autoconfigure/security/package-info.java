/**
 * Auto-configuration of the server-side Pryv login for applications with
 * Spring Security ({@code pryv.security.*} properties).
 */
@NullMarked
package io.pryv.spring.boot.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
