/**
 * "Download pcap" for an interface (one end of a link): what crossed it since the lab was opened,
 * as tcpdump -i would have captured it, from the simulator's recording.
 */
import { useState } from "react";
import type { LabController } from "../engine/lab";
import { journeysOf } from "./controller";

export function DevicePcapButton({
  lab,
  netns,
  device,
}: {
  lab: LabController;
  netns: string;
  device: string;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="insp-pcap"
      data-testid="device-pcap"
      disabled={busy}
      title={`What crossed ${device} since the lab was opened, as a pcap file (Wireshark, tcpdump -r)`}
      onClick={() => {
        setBusy(true);
        void journeysOf(lab)
          .downloadDevice(`${netns}/${device}`)
          .finally(() => setBusy(false));
      }}
    >
      ⤓ pcap of {device}
    </button>
  );
}
