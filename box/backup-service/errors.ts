/** A refusal whose message is safe to send to the client as `<method>-error`. */
export class ServiceError extends Error {}
