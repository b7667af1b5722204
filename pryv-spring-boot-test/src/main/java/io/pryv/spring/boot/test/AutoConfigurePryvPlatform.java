package io.pryv.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a {@link SimulatedPryvPlatform} for the application context of a
 * Spring test ({@code @SpringBootTest}, {@code @WebMvcTest}...), points
 * {@code pryv.service-info-url} at it, and makes it a bean to inject; it
 * stops with the context. One platform per application context: contexts
 * cached and shared by several test classes share their platform, so reset
 * what a test changes (or seed distinct users). The client's startup warm-up
 * ({@code pryv.warmup.enabled}) is off in such a context unless
 * {@link #warmup()} says otherwise: it would spend seconds of background CPU
 * in every application context of a test suite, for a first call that a test
 * does not time. A property of the test itself
 * ({@code @SpringBootTest(properties = ...)},
 * {@code @TestPropertySource(properties = ...)}) still wins.
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigureMockMvc
 * &#64;AutoConfigurePryvPlatform
 * class SignInTest {
 *     &#64;Autowired SimulatedPryvPlatform platform;
 *     ...
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigurePryvPlatform {

	/**
	 * @return the platform's name (service info, consent page)
	 */
	String name() default SimulatedPryvPlatform.DEFAULT_NAME;

	/**
	 * @return origins trusted for logins besides the platform's own
	 * ({@code *} matches any characters)
	 */
	String[] trustedOrigins() default {};

	/**
	 * @return the {@code poll_rate_ms} the auth requests announce
	 */
	long pollRateMillis() default 1000;

	/**
	 * @return the property set to the platform's service info URL
	 */
	String serviceInfoUrlProperty() default "pryv.service-info-url";

	/**
	 * @return whether the client's startup warm-up runs in the test's
	 * application context ({@code pryv.warmup.enabled}); off by default
	 */
	boolean warmup() default false;

}
