/**
 * The PKI engine, mounted in every vault at {@code /v1/vaults/{vault}/pki/…} ({@code docs/API-pki.md}): CAs
 * ({@link dev.arca.server.pki.IssuerService}), roles, issuance and signing, CSRs awaiting approval, validation,
 * revocation, CRLs and OCSP. CA and CSR keys live only in the key-material store under engine {@code pki}; X.509
 * encoding is Bouncy Castle's, keys and signatures the JDK's.
 */
@NullMarked
package dev.arca.server.pki;

import org.jspecify.annotations.NullMarked;
