/**
 * Test support for applications built on the Pryv starter: a simulated Pryv
 * platform ({@link io.pryv.spring.boot.test.SimulatedPryvPlatform}) with a
 * fluent API to seed it, play the consent, inject faults and check what the
 * application sent, and its Spring test wiring
 * ({@link io.pryv.spring.boot.test.AutoConfigurePryvPlatform}).
 */
package io.pryv.spring.boot.test;
