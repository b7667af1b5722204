/**
 * Auto-configuration of the Pryv health contributor.
 */
@NullMarked
package io.pryv.spring.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
