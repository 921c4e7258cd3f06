package machine

import (
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// CPUQuota: a Windows job object can cap CPU rate, but none is read here.
func CPUQuota() (float64, bool) { return 0, false }

var getLogicalProcessorInformation = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetLogicalProcessorInformation")

// ReadTopology reads this machine's topology with
// GetLogicalProcessorInformation: the processor group of the calling
// thread, so at most 64 CPUs of a larger machine.
func ReadTopology() Topology {
	var n uint32
	getLogicalProcessorInformation.Call(0, uintptr(unsafe.Pointer(&n))) // the size it needs
	if n == 0 || n > 1<<20 {
		return Topology{}
	}
	buf := make([]byte, n)
	if ok, _, _ := getLogicalProcessorInformation.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n))); ok == 0 {
		return Topology{}
	}
	return slpiTopology(buf[:n], int(unsafe.Sizeof(uintptr(0))))
}

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
