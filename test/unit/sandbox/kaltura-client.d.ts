/** The official `kaltura-client` (AGPL, dev only) ships no types; the contract test uses it loosely. */
declare module 'kaltura-client' {
  const kaltura: any;
  export default kaltura;
}
