/**
 * tar-stream's reader and writer, in a module of their own so that the archive reader loads them
 * only for an archive too large to read in one piece (and the writer only when it writes): the
 * batch verify of thousands of small archives never loads them. (A dynamic import of the package
 * itself would give its CommonJS exports only as `default` once bundled.)
 */
export { extract, pack } from 'tar-stream';
