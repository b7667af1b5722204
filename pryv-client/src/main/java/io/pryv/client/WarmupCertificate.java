package io.pryv.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A throwaway key pair and self-signed certificate of {@code 127.0.0.1}, made
 * at run time with public JDK APIs only (the certificate's DER is written here
 * and parsed by the JDK's {@code CertificateFactory}), for the warm-up's
 * loopback HTTPS server. The private key never leaves the process and is never
 * stored; only a client that trusts exactly this certificate accepts it.
 */
final class WarmupCertificate {

	/** OID 1.2.840.10045.4.3.2, ecdsa-with-SHA256. */
	private static final byte[] ECDSA_WITH_SHA256 = { 0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03,
			0x02 };

	/** OID 2.5.4.3, commonName. */
	private static final byte[] COMMON_NAME = { 0x06, 0x03, 0x55, 0x04, 0x03 };

	/** OID 2.5.29.17, subjectAltName. */
	private static final byte[] SUBJECT_ALT_NAME = { 0x06, 0x03, 0x55, 0x1D, 0x11 };

	private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final KeyPair keyPair;

	private final X509Certificate certificate;

	private WarmupCertificate(KeyPair keyPair, X509Certificate certificate) {
		this.keyPair = keyPair;
		this.certificate = certificate;
	}

	KeyPair keyPair() {
		return this.keyPair;
	}

	X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * Make a new EC P-256 key pair and an X.509 v3 certificate of it, self-signed,
	 * for {@code 127.0.0.1} and {@code localhost}, valid from an hour ago for a day.
	 * @return them
	 * @throws GeneralSecurityException when the JDK cannot make or read them
	 */
	static WarmupCertificate generate() throws GeneralSecurityException {
		SecureRandom random = new SecureRandom();
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"), random);
		KeyPair keyPair = generator.generateKeyPair();
		byte[] serial = new byte[8];
		random.nextBytes(serial);
		serial[0] = (byte) ((serial[0] & 0x7F) | 0x01);
		byte[] name = der(0x30, der(0x31, der(0x30, COMMON_NAME, der(0x0C, "localhost".getBytes(StandardCharsets.US_ASCII)))));
		Instant now = Instant.now();
		byte[] validity = der(0x30, der(0x17, utcTime(now.minus(Duration.ofHours(1)))),
				der(0x17, utcTime(now.plus(Duration.ofDays(1)))));
		byte[] altNames = der(0x30, der(0x87, new byte[] { 127, 0, 0, 1 }),
				der(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)));
		byte[] extensions = der(0xA3, der(0x30, der(0x30, SUBJECT_ALT_NAME, der(0x04, altNames))));
		byte[] algorithm = der(0x30, ECDSA_WITH_SHA256);
		byte[] tbs = der(0x30, der(0xA0, der(0x02, new byte[] { 2 })), der(0x02, serial), algorithm, name, validity, name,
				keyPair.getPublic().getEncoded(), extensions);
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(keyPair.getPrivate(), random);
		signer.update(tbs);
		byte[] signature = signer.sign();
		byte[] bits = new byte[signature.length + 1];
		System.arraycopy(signature, 0, bits, 1, signature.length);
		byte[] encoded = der(0x30, tbs, algorithm, der(0x03, bits));
		X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(encoded));
		certificate.verify(keyPair.getPublic());
		return new WarmupCertificate(keyPair, certificate);
	}

	private static byte[] utcTime(Instant instant) {
		return UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII);
	}

	/** @return a DER element: the tag, the definite length, then the parts */
	private static byte[] der(int tag, byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
		out.write(tag);
		if (length < 0x80) {
			out.write(length);
		}
		else if (length < 0x100) {
			out.write(0x81);
			out.write(length);
		}
		else {
			out.write(0x82);
			out.write(length >> 8);
			out.write(length);
		}
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
