/**
 * Hugging Face Hub repositories by name ({@code hf://ORG/REPO[@REVISION]}): the revision is
 * resolved to a commit and listed through the Hub API, and a scan fetches only the byte ranges it
 * reads (headers, zip directories, pickles) into a bounded temporary folder that is removed
 * afterwards; hashing and verifying fetch whole files. Everything the Hub says (paths, sizes,
 * digests, byte ranges) is checked before use. Built on the JDK's HttpClient.
 */
package dev.modelgate.hub;
