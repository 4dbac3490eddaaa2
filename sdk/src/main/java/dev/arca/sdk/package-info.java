/**
 * The Arca Java SDK: {@link dev.arca.sdk.ArcaClient} and its operations, one per area of the HTTP API
 * ({@code sys}, {@code vaults}, {@code projects}, {@code secrets}, {@code tokens}, {@code policies}, {@code machines},
 * {@code clients}, {@code agents}, {@code users}, {@code groups}, {@code auth}). A client authenticates with a token
 * or as a machine ({@link dev.arca.sdk.MachineIdentity}, every request signed by {@link dev.arca.sdk.RequestSigner}). Requests and answers are the
 * wire records of {@code dev.arca.api}; every failure is an unchecked {@link dev.arca.sdk.ArcaException}, and an
 * error answer of the server is an {@link dev.arca.sdk.ApiException} subclass per error code. No exception message
 * and no {@code toString()} ever shows a secret value or a token.
 */
@NullMarked
package dev.arca.sdk;

import org.jspecify.annotations.NullMarked;
