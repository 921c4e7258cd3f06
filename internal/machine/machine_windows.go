package machine

import "golang.org/x/sys/windows/registry"

// CPUQuota: a Windows job object can cap CPU rate, but none is read here.
func CPUQuota() (float64, bool) { return 0, false }

// ReadTopology: not read on Windows yet (GetLogicalProcessorInformationEx
// would give it); every field is unknown.
func ReadTopology() Topology { return Topology{} }

// cpuModel reads the first processor's name from the registry.
func cpuModel() string {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `HARDWARE\DESCRIPTION\System\CentralProcessor\0`, registry.QUERY_VALUE)
	if err != nil {
		return "unknown"
	}
	defer k.Close()
	s, _, err := k.GetStringValue("ProcessorNameString")
	if err != nil || s == "" {
		return "unknown"
	}
	return s
}
