/**
 * Auto-configuration of the Pryv client ({@code pryv.*} properties).
 */
@NullMarked
package io.pryv.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
