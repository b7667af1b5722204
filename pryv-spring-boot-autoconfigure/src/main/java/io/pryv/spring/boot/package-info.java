/**
 * Spring Boot support for the Pryv client: the customizers an application
 * declares as beans to tune the auto-configured client.
 */
@NullMarked
package io.pryv.spring.boot;

import org.jspecify.annotations.NullMarked;
